// Marks the page as scripted, so the CSS fallbacks for pages without JavaScript switch off.
document.documentElement.classList.remove('no-js');

// After a refused submission, take keyboard and screen-reader users to the list of errors.
document.addEventListener('DOMContentLoaded', function () {
  var summary = document.getElementById('error-summary');
  if (summary) { summary.focus(); }
});
