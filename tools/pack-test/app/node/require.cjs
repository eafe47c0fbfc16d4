// A CommonJS project loading the ESM-only package with require() (Node ≥ 20.19).
const { createDetector } = require('mtcnn');

createDetector().then(async (detector) => {
  const faces = await detector.detect('photo.jpg');
  await detector.dispose();
  console.log(JSON.stringify(faces));
});
