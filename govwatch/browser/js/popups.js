// Pop-ups and ads on the page (适老化: none in elderly mode). Returns [{element, reason, text, rect}]:
// open dialogs, fixed overlays covering >= 30 % of the window, fixed/absolute elements named like ads or
// floating windows (ad, advert, guanggao, popup, float, piaofu, tanchuang). Outermost elements only.
() => {
  const NAMES = /(^|[-_\s])(ad|ads|advert|adv|guanggao|popup|pop|float|floating|piaofu|tanchuang)([-_\s\d]|$)/i;
  const vw = window.innerWidth, vh = window.innerHeight;
  const found = [], nodes = [];
  const label = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
    (typeof el.className === "string" && el.className.trim() ? "." + el.className.trim().split(/\s+/).join(".") : "");
  for (const el of document.body.querySelectorAll("*")) {
    if (nodes.some((n) => n.contains(el))) continue;
    const s = getComputedStyle(el);
    if (s.display === "none" || s.visibility === "hidden" || parseFloat(s.opacity) === 0) continue;
    const r = el.getBoundingClientRect();
    if (r.width < 1 || r.height < 1) continue;
    const names = (el.id || "") + " " + (typeof el.className === "string" ? el.className : "");
    const fixed = s.position === "fixed";
    const w = Math.max(0, Math.min(r.right, vw) - Math.max(r.left, 0));
    const h = Math.max(0, Math.min(r.bottom, vh) - Math.max(r.top, 0));
    let reason = "";
    if (el.matches("dialog[open], [role=dialog], [role=alertdialog], [aria-modal=true]")) reason = "dialog";
    else if (fixed && (w * h) / (vw * vh) >= 0.3) reason = "overlay";
    else if ((fixed || s.position === "absolute") && NAMES.test(names)) reason = "ad";
    if (!reason) continue;
    nodes.push(el);
    found.push({ element: label(el), reason, text: (el.innerText || "").trim().slice(0, 60),
                 rect: [r.x, r.y, r.width, r.height].map(Math.round).join(",") });
  }
  return found.slice(0, 10);
}
