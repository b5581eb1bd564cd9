// Injects a link into the page after load: it exists only in the rendered DOM.
document.getElementById("slot").innerHTML = '<a href="http://www.loan-fast.example/">快速通道</a>';
