// 打印本页: the browser's print dialog (print.css leaves the article, its meta line and its URL).
document.addEventListener("click", function (event) {
  var link = event.target.closest && event.target.closest("[data-print]");
  if (!link) return;
  event.preventDefault();
  window.print();
});
