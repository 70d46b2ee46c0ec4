// The progress widget has a small build of its own: #/embed/… addresses go there, before the app loads or when
// one is followed later (a link, or an address typed into the tab that has the app open).
function toWidget() {
  if (location.hash.indexOf('#/embed/') === 0) location.replace('embed/index.html' + location.search + location.hash);
}
toWidget();
addEventListener('hashchange', toWidget);
