// The clean site's own script: toggles tabs. Loaded from the site's own host.
document.addEventListener("DOMContentLoaded", function () { document.body.dataset.ready = "1"; });
