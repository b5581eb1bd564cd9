// Collects, from the rendered DOM, every http(s) anchor with the concealment techniques that hide it
// and the computed style values that prove them, plus <script src> and <iframe src>.
// Returns {anchors: [{url, text, snippet, hidden: [...], style: {...}}], scripts: [...], frames: [...]}.
() => {
  const TRANSPARENT = ["rgba(0, 0, 0, 0)", "transparent"];
  const docW = Math.max(document.documentElement.scrollWidth, window.innerWidth);
  const docH = Math.max(document.documentElement.scrollHeight, window.innerHeight);
  const rgb = (c) => (c.match(/[\d.]+/g) || [255, 255, 255]).slice(0, 3).map(Number);
  const lum = (c) => {
    const v = rgb(c).map((x) => { x /= 255; return x <= 0.03928 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4); });
    return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2];
  };
  const contrast = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  const background = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const c = getComputedStyle(e).backgroundColor;
      if (c && !TRANSPARENT.includes(c)) return c;
    }
    return "rgb(255, 255, 255)";
  };
  const ancestors = (el) => { const out = []; for (let e = el; e; e = e.parentElement) out.push(e); return out; };
  const hiddenBy = (a, s, rect, style) => {
    const chain = ancestors(a);
    const reasons = [];
    const shut = chain.find((e) => getComputedStyle(e).display === "none");
    if (shut) { reasons.push("display_none"); style.hidden_by = shut.tagName.toLowerCase() + (shut.id ? "#" + shut.id : ""); }
    if (s.visibility === "hidden" || s.visibility === "collapse") reasons.push("visibility_hidden");
    if (chain.some((e) => parseFloat(getComputedStyle(e).opacity) === 0)) reasons.push("opacity_zero");
    if (a.closest("marquee")) reasons.push("marquee");
    if (parseFloat(s.fontSize) === 0 && !a.querySelector("img")) reasons.push("font_size_zero");
    if (!shut) {
      const left = rect.left + window.scrollX, top = rect.top + window.scrollY;
      const indent = parseFloat(s.textIndent) || 0;
      if (left + rect.width <= 0 || top + rect.height <= 0 || left >= docW || top >= docH || indent <= -999) reasons.push("off_screen");
      const clipped = chain.some((e, i) => {
        const r = e.getBoundingClientRect();
        const cs = getComputedStyle(e);
        return (r.width < 1 || r.height < 1) && (i === 0 || cs.overflow === "hidden" || cs.overflowX === "hidden" || cs.overflowY === "hidden");
      });
      if (clipped) reasons.push("zero_size");
    }
    const bg = background(a);
    style.background = bg;
    if ((a.innerText || a.textContent || "").trim() && !a.querySelector("img") && contrast(s.color, bg) < 1.2) reasons.push("same_color");
    return reasons;
  };
  const anchors = [];
  for (const a of document.querySelectorAll("a[href]")) {
    if (!/^https?:/i.test(a.href)) continue;
    const s = getComputedStyle(a);
    const rect = a.getBoundingClientRect();
    const style = {
      display: s.display, visibility: s.visibility, opacity: s.opacity, position: s.position,
      left: s.left, top: s.top, color: s.color, "font-size": s.fontSize, "text-indent": s.textIndent,
      overflow: s.overflow, rect: [rect.left + window.scrollX, rect.top + window.scrollY, rect.width, rect.height].map(Math.round).join(","),
    };
    const hidden = hiddenBy(a, s, rect, style);
    anchors.push({
      url: a.href, text: (a.textContent || "").replace(/\s+/g, " ").trim().slice(0, 200),
      snippet: a.outerHTML.slice(0, 500), hidden, style,
    });
  }
  const srcs = (sel) => Array.from(document.querySelectorAll(sel)).map((e) => e.src).filter((u) => /^https?:/i.test(u));
  return { anchors, scripts: srcs("script[src]"), frames: srcs("iframe[src], frame[src]") };
}
