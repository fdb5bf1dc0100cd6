// Material's search overlay is a role="dialog" without an accessible name (axe: aria-dialog-name).
for (const dialog of document.querySelectorAll('.md-search[role="dialog"]:not([aria-label])')) {
  dialog.setAttribute("aria-label", "Search");
}
