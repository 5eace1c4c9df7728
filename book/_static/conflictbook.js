// A link into a folded block (a provenance note, a dropdown) opens the block first, so that the
// browser scrolls to the target and the reader sees it: on page load, on a change of the
// address's #fragment, and on a click on a link to the current page (whose fragment may already
// be the address's, so that no hashchange follows).
(function () {
  function openAround(hash) {
    if (!hash || hash.length < 2) return false;
    var target = document.getElementById(decodeURIComponent(hash.slice(1)));
    var opened = false;
    for (var node = target; node; node = node.parentElement) {
      if (node.tagName === "DETAILS" && !node.open) {
        node.open = true;
        opened = true;
      }
    }
    return opened ? target : false;
  }
  function fromAddress() {
    var target = openAround(window.location.hash);
    if (target) target.scrollIntoView();
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[href*='#']");
    if (!link) return;
    var url = new URL(link.href, window.location.href);
    if (url.pathname === window.location.pathname) openAround(url.hash);
  });
  window.addEventListener("hashchange", fromAddress);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", fromAddress);
  } else {
    fromAddress();
  }
})();
