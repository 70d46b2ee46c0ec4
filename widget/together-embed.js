/* Together's progress widget, embedded with one tag:
 *   <script async src="https://…/embed/together-embed.js" data-together-progress="tasks=…&theme=auto"
 *           data-title="Progress of …"></script>
 * It puts the widget's frame where the tag is and keeps it as tall as the widget says it is. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !script.src) return;
  var page = new URL("index.html", script.src);
  var query = script.getAttribute("data-together-progress") || "";
  var frame = document.createElement("iframe");
  frame.src = page.href + "#/embed/progress" + (query ? "?" + query : "");
  frame.title = script.getAttribute("data-title") || "Progress";
  frame.setAttribute("loading", "lazy");
  // The frame's colour scheme must be the widget's own, or the browser paints the frame opaque (no transparency).
  var theme = (/(^|&)theme=(light|dark)/.exec(query) || [])[2];
  frame.style.cssText = "display:block;width:100%;max-width:100%;border:0;color-scheme:" + (theme || "light dark") +
    ";height:" + (/(^|&)mode=compact/.test(query) ? 96 : 240) + "px";
  script.parentNode.insertBefore(frame, script.nextSibling);
  window.addEventListener("message", function (event) {
    var data = event.data;
    if (event.source !== frame.contentWindow || event.origin !== page.origin) return;
    if (!data || data.type !== "together:height" || typeof data.height !== "number") return;
    if (data.height > 0 && data.height < 20000) frame.style.height = Math.ceil(data.height) + "px";
  });
})();
