// Opens a source page at the passage a citation names ("#p12-q40-260": page 12, characters 40 to 260 of its
// text): marks those characters in the text and, where the page image is shown, draws the passage's boxes
// over it. The boxes were measured when the site was built (percent of the page), so static files suffice.
(function () {
  "use strict";
  function highlight() {
    var match = /^#p(\d+)-q(\d+)-(\d+)$/.exec(window.location.hash);
    document.querySelectorAll(".passage-box").forEach(function (box) { box.remove(); });
    if (!match) { return; }
    var section = document.getElementById("p" + match[1]);
    if (!section) { return; }
    var start = Number(match[2]), end = Number(match[3]);
    var pre = section.querySelector("pre");
    var text = pre.textContent;
    var mark = document.createElement("mark");
    mark.className = "passage";
    mark.textContent = text.slice(start, end);
    pre.textContent = "";
    pre.append(text.slice(0, start), mark, text.slice(end));
    var target = mark;
    var figure = section.querySelector(".page-image");
    if (figure) {
      var boxes = JSON.parse(figure.dataset.boxes || "{}")["q" + start + "-" + end] || [];
      boxes.forEach(function (b) {
        var box = document.createElement("div");
        box.className = "passage-box";
        box.style.left = b[0] + "%";
        box.style.top = b[1] + "%";
        box.style.width = (b[2] - b[0]) + "%";
        box.style.height = (b[3] - b[1]) + "%";
        figure.appendChild(box);
      });
      target = figure.querySelector(".passage-box") || target;
    }
    target.scrollIntoView({ block: "center" });
  }
  window.addEventListener("hashchange", highlight);
  highlight();
})();
