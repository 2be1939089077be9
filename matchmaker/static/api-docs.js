// Starts Swagger UI on the API reference page (a file, so the page keeps script-src 'self').
(function () {
  var node = document.getElementById("swagger-ui");
  if (!node || typeof SwaggerUIBundle === "undefined") {
    return;
  }
  SwaggerUIBundle({
    url: node.getAttribute("data-spec-url"),
    dom_id: "#swagger-ui",
    deepLinking: false,
    tryItOutEnabled: false,
    persistAuthorization: false,
  });
})();
