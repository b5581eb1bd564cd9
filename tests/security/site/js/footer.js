// Writes the footer (identity items) at run time, as many real sites do (e.g. /assets/js/footer.js).
document.getElementById("foot").innerHTML =
  '<div class="footer">主办单位：某区卫生健康委员会 网站标识码：3609990002 沪ICP备12345678号-1 ' +
  '沪公网安备 31010102000001号 地址：某区某路1号 电话：021-12345678 ' +
  '<a href="https://bszs.conac.cn/sitename?method=show&amp;id=2"><img alt="党政机关" src="/js/conac.png"></a></div>';
