// The query form: Ctrl+Enter runs the query; a long query is sent by POST (no URL limit).
document.addEventListener("DOMContentLoaded", function () {
  var form = document.getElementById("query-form");
  if (!form) return;
  var text = form.elements.namedItem("query");
  form.addEventListener("submit", function () {
    if (text.value.length > 4000) form.method = "post";
  });
  text.addEventListener("keydown", function (event) {
    if ((event.ctrlKey || event.metaKey) && event.key === "Enter") {
      event.preventDefault();
      form.requestSubmit();
    }
  });
});
