// Marks the page as scripted, so the CSS fallbacks for pages without JavaScript switch off.
document.documentElement.classList.remove('no-js');
