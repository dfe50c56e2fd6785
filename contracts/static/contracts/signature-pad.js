/* Signatures captured on screen for a parenting contract.
 *
 * Each <canvas data-signature-for="id"> is a signature box: drawing on it with
 * a finger, stylus or mouse (pointer events) writes the drawing, as a PNG data
 * URL, into the hidden input with that id, which the form posts. The boxes
 * stay hidden without JavaScript: the signed copy is then uploaded instead.
 * Served from the site's static files; no inline script, no CDN.
 */
(function () {
  "use strict";

  function setUp(canvas) {
    var input = document.getElementById(canvas.getAttribute("data-signature-for"));
    if (!input) { return; }
    var context = canvas.getContext("2d");
    var drawing = false;
    var drawn = false;
    context.lineWidth = 2.5;
    context.lineCap = "round";
    context.strokeStyle = "#0b0c0c";

    function clear() {
      context.fillStyle = "#ffffff";
      context.fillRect(0, 0, canvas.width, canvas.height);
      drawn = false;
      input.value = "";
    }

    function point(event) {
      var box = canvas.getBoundingClientRect();
      return {
        x: (event.clientX - box.left) * (canvas.width / box.width),
        y: (event.clientY - box.top) * (canvas.height / box.height)
      };
    }

    canvas.style.touchAction = "none";
    canvas.addEventListener("pointerdown", function (event) {
      drawing = true;
      canvas.setPointerCapture(event.pointerId);
      var at = point(event);
      context.beginPath();
      context.moveTo(at.x, at.y);
      event.preventDefault();
    });
    canvas.addEventListener("pointermove", function (event) {
      if (!drawing) { return; }
      var at = point(event);
      context.lineTo(at.x, at.y);
      context.stroke();
      drawn = true;
      event.preventDefault();
    });
    function finish() {
      if (!drawing) { return; }
      drawing = false;
      if (drawn) { input.value = canvas.toDataURL("image/png"); }
    }
    canvas.addEventListener("pointerup", finish);
    canvas.addEventListener("pointercancel", finish);
    canvas.addEventListener("pointerleave", finish);
    clear();
    return clear;
  }

  document.addEventListener("DOMContentLoaded", function () {
    var group = document.querySelector("[data-signature-pads]");
    if (!group) { return; }
    var clearers = {};
    group.querySelectorAll("canvas[data-signature-for]").forEach(function (canvas) {
      clearers[canvas.id] = setUp(canvas);
    });
    group.querySelectorAll("[data-signature-clear]").forEach(function (button) {
      button.addEventListener("click", function () {
        var clear = clearers[button.getAttribute("data-signature-clear")];
        if (clear) { clear(); }
      });
    });
    group.hidden = false;
  });
})();
