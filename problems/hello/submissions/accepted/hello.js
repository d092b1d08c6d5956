// Accepted in JavaScript (node).
console.log("Hello World!");
