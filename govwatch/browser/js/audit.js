// 适老化 and mobile measurements on the rendered page. Argument: {minTarget, elderlyWords}.
// Returns {viewportMeta, scrollWidth, innerWidth, elderlyEntries, lineHeight, contrast, targets}.
(opts) => {
  const TRANSPARENT = ["rgba(0, 0, 0, 0)", "transparent"];
  const rgb = (c) => (c.match(/[\d.]+/g) || [255, 255, 255]).slice(0, 3).map(Number);
  const lum = (c) => {
    const v = rgb(c).map((x) => { x /= 255; return x <= 0.03928 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4); });
    return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2];
  };
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  const background = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const s = getComputedStyle(e);
      if (s.backgroundImage && s.backgroundImage !== "none") return null; // text over an image: not judged
      if (!TRANSPARENT.includes(s.backgroundColor)) return s.backgroundColor;
    }
    return "rgb(255, 255, 255)";
  };
  const visible = (el) => {
    const r = el.getBoundingClientRect(); const s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== "hidden" && parseFloat(s.opacity) > 0 &&
      r.right > 0 && r.bottom + window.scrollY > 0;
  };
  const label = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
    (el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\s+/).join(".") : "");
  const ownText = (el) => Array.from(el.childNodes).filter((n) => n.nodeType === 3).map((n) => n.textContent).join("").trim();
  const lineHeight = { checked: 0, low: 0, samples: [] };
  const contrast = { checked: 0, low: 0, samples: [] };
  for (const el of document.body.querySelectorAll("*")) {
    const text = ownText(el);
    if (!text || ["SCRIPT", "STYLE", "NOSCRIPT", "OPTION"].includes(el.tagName) || !visible(el)) continue;
    const s = getComputedStyle(el);
    const size = parseFloat(s.fontSize);
    const lh = s.lineHeight === "normal" ? 1.2 : parseFloat(s.lineHeight) / size;
    if (text.length >= 10) {  // running text, not labels and buttons
      lineHeight.checked++;
      if (lh < 1.3 - 1e-6) { lineHeight.low++; if (lineHeight.samples.length < 10) lineHeight.samples.push({ element: label(el), text: text.slice(0, 40), "line-height": s.lineHeight, "font-size": s.fontSize, ratio: Math.round(lh * 100) / 100 }); }
    }
    const bg = background(el);
    if (bg === null) continue;
    contrast.checked++;
    const large = size >= 24 || (size >= 18.66 && parseInt(s.fontWeight, 10) >= 700);
    const r = ratio(s.color, bg);
    if (r < (large ? 3 : 4.5)) { contrast.low++; if (contrast.samples.length < 10) contrast.samples.push({ element: label(el), text: text.slice(0, 40), color: s.color, background: bg, ratio: Math.round(r * 100) / 100 }); }
  }
  const targets = { checked: 0, small: 0, samples: [] };
  for (const el of document.querySelectorAll("a[href], button, input:not([type=hidden]), select, textarea, [role=button]")) {
    if (!visible(el)) continue;
    const parent = el.parentElement;
    const inline = getComputedStyle(el).display === "inline" && parent && ownText(parent).length > 0;
    if (inline) continue;  // a link inside a sentence is exempt (WCAG 2.5.5 "inline")
    targets.checked++;
    const r = el.getBoundingClientRect();
    if (r.width < opts.minTarget || r.height < opts.minTarget) { targets.small++; if (targets.samples.length < 10) targets.samples.push({ element: label(el), text: (el.textContent || el.value || "").trim().slice(0, 30), width: Math.round(r.width), height: Math.round(r.height) }); }
  }
  const entries = [];
  for (const el of document.querySelectorAll("a, button, [role=button], [onclick]")) {
    const t = ((el.textContent || "") + " " + (el.getAttribute("title") || "") + " " + (el.getAttribute("aria-label") || "")).trim();
    if (opts.elderlyWords.some((w) => t.includes(w))) entries.push({ text: t.slice(0, 40), href: el.href || "" });
  }
  const meta = document.querySelector("meta[name=viewport]");
  return {
    viewportMeta: meta ? meta.getAttribute("content") || "" : null,
    scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth,
    elderlyEntries: entries.slice(0, 10), lineHeight, contrast, targets,
  };
}
