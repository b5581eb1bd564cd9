/* Draws the dashboard's ECharts from JSON embedded with json_script: each element with data-chart="kind"
   reads the JSON in the element whose id is data-source. Kinds: availability, trend, posts. */
(function () {
  "use strict";
  var BLUE = "#1d4f91", RED = "#b8282e", GREEN = "#2e7d32", AMBER = "#b26a00";
  var FONT = '"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif';
  function base() {
    return { textStyle: { fontFamily: FONT }, grid: { left: 48, right: 48, top: 36, bottom: 28 },
             tooltip: { trigger: "axis" }, legend: { top: 0 } };
  }
  var builders = {
    availability: function (d) {
      var o = base();
      o.xAxis = { type: "category", data: d.days };
      o.yAxis = [{ type: "value", name: "可用率 %", min: function (v) { return Math.max(0, Math.floor(v.min - 1)); }, max: 100 },
                 { type: "value", name: "响应 秒", splitLine: { show: false } }];
      o.series = [{ name: "可用率", type: "line", data: d.percent, itemStyle: { color: BLUE }, connectNulls: false },
                  { name: "平均响应时间", type: "bar", yAxisIndex: 1, data: d.seconds, itemStyle: { color: "#9db5d6" }, barMaxWidth: 18 }];
      return o;
    },
    trend: function (d) {
      var o = base();
      o.xAxis = { type: "category", data: d.periods };
      o.yAxis = { type: "value", name: "网站数", minInterval: 1 };
      o.series = [{ name: "合格", type: "bar", stack: "v", data: d.passed, itemStyle: { color: GREEN }, barMaxWidth: 36 },
                  { name: "不合格", type: "bar", stack: "v", data: d.failed, itemStyle: { color: RED }, barMaxWidth: 36 },
                  { name: "单项否决", type: "line", data: d.vetoed, itemStyle: { color: AMBER } }];
      return o;
    },
    posts: function (d) {
      var o = base();
      o.xAxis = { type: "category", data: d.months };
      o.yAxis = { type: "value", name: "发布数", minInterval: 1 };
      o.series = [{ name: "发布信息", type: "bar", data: d.posts, itemStyle: { color: BLUE }, barMaxWidth: 30 }];
      return o;
    }
  };
  function draw() {
    if (!window.echarts) { return; }
    document.querySelectorAll("[data-chart]").forEach(function (el) {
      var src = document.getElementById(el.getAttribute("data-source"));
      var build = builders[el.getAttribute("data-chart")];
      if (!src || !build) { return; }
      var chart = window.echarts.init(el);
      chart.setOption(build(JSON.parse(src.textContent)));
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
})();
