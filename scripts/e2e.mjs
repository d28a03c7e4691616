// Placeholder until the browser end-to-end suite lands (issue 6).
console.log("e2e: no browser tests yet");
