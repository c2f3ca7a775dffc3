// Every page: the "/" key focuses the search box, as on many sites, unless one is typing.
// Small on purpose: the search library itself loads only once someone searches.

document.addEventListener("keydown", (event) => {
  if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
  if (event.target.closest?.("input, textarea, select, [contenteditable]")) return;
  const box = document.querySelector("[data-search-shortcut]");
  if (!box) return;
  event.preventDefault();
  box.focus();
  box.select();
});
