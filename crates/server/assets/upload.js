// Batch upload: one request per file, with its own progress bar; refused files listed apart.
// Without this script the form posts every file at once and the page lists the results.
(function () {
  "use strict";
  var form = document.getElementById("upload-form");
  if (!form || !window.FormData || !window.XMLHttpRequest) { return; }
  var input = form.querySelector('input[type="file"]');
  var zone = document.getElementById("drop-zone");
  var progress = document.getElementById("upload-progress");
  var result = document.getElementById("upload-result");
  var refused = document.getElementById("upload-refused");
  var csrf = form.querySelector('input[name="csrf"]').value;
  var queue = [];

  function next() {
    var item = queue.shift();
    if (!item) { return; }
    var data = new FormData();
    data.append("csrf", csrf);
    data.append("file", item.file, item.file.name);
    var xhr = new XMLHttpRequest();
    xhr.open("POST", "/upload");
    xhr.setRequestHeader("HX-Request", "true");
    xhr.setRequestHeader("X-CSRF-Token", csrf);
    xhr.upload.addEventListener("progress", function (e) {
      if (e.lengthComputable) { item.bar.value = e.loaded / e.total; }
    });
    xhr.addEventListener("loadend", function () {
      item.row.remove();
      var box = document.createElement("ul");
      if (xhr.status === 200 || xhr.status === 413) {
        box.innerHTML = xhr.responseText;
      } else {
        var li = document.createElement("li");
        li.className = "upload-item status-refused";
        li.textContent = item.file.name + "：" + (xhr.status ? xhr.status + " " : "") + "上传失败 / upload failed";
        box.appendChild(li);
      }
      Array.prototype.slice.call(box.children).forEach(function (li) {
        (li.classList.contains("status-refused") ? refused : result).appendChild(li);
      });
      next();
    });
    xhr.send(data);
  }

  function add(files) {
    Array.prototype.forEach.call(files, function (file) {
      var row = document.createElement("li");
      row.textContent = file.name;
      var bar = document.createElement("progress");
      bar.max = 1;
      bar.value = 0;
      row.appendChild(bar);
      progress.appendChild(row);
      queue.push({ file: file, row: row, bar: bar });
    });
    // two uploads at a time
    next();
    next();
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    add(input.files);
    input.value = "";
  });
  zone.addEventListener("dragover", function (e) { e.preventDefault(); zone.classList.add("over"); });
  zone.addEventListener("dragleave", function () { zone.classList.remove("over"); });
  zone.addEventListener("drop", function (e) {
    e.preventDefault();
    zone.classList.remove("over");
    add(e.dataTransfer.files);
  });
})();
