/* site-wide behaviour: font size, elder mode, back to top */
(function () {
  var size = 16;
  window.setFontSize = function (step) { size = Math.max(12, Math.min(24, size + step));
    document.body.style.fontSize = size + "px"; };
  window.backToTop = function () { window.scrollTo(0, 0); };
})();
