var NbList = (function () {
    function decode(text) {
        var s = atob(text.replace(/\s+/g, ""));
        return JSON.parse(s.split("").reverse().join(""));
    }
    function load(url, target) {
        var xhr = new XMLHttpRequest();
        xhr.open("GET", url, true);
        xhr.onload = function () {
            if (xhr.status !== 200) { return; }
            var rows = decode(xhr.responseText), out = [];
            for (var i = 0; i < rows.length; i++) {
                out.push('<li><a href="' + rows[i][0] + '" target="_blank">' + rows[i][1] + '</a><span>' + rows[i][2] + '</span></li>');
            }
            document.getElementById(target).innerHTML = out.join("");
        };
        xhr.send();
    }
    return {load: load};
})();
