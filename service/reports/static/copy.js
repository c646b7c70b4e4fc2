// The "copy" button of the reports page: copies the paragraph named by data-copy. Without this
// script the button stays hidden and the paragraph can be selected and copied as any text.
document.querySelectorAll("button[data-copy]").forEach((button) => {
  const source = document.getElementById(button.dataset.copy);
  const status = document.getElementById(button.dataset.status);
  if (!source || !navigator.clipboard) return;
  button.hidden = false;
  button.addEventListener("click", () => {
    navigator.clipboard.writeText(source.innerText.trim()).then(
      () => { status.textContent = button.dataset.done; },
      () => { status.textContent = button.dataset.failed; },
    );
  });
});
