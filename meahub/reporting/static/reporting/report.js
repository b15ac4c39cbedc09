/* The report form: a save refused because someone else saved the answer first answers 409
   Conflict with their answer and a message; show it in place like a refused value (422),
   which base.html's htmx configuration already swaps. */
document.addEventListener("htmx:beforeSwap", function (event) {
  if (event.detail.xhr.status === 409) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});
