// The umbrella's README example, as a user pastes it, printing the faces as JSON for the test.
import { createDetector } from 'mtcnn';

const detector = await createDetector(); // P-Net, R-Net and O-Net with their bundled models, device 'auto'
const faces = await detector.detect('photo.jpg'); // a path, file: URL, Buffer, or { data, width, height, channels }
await detector.dispose();
console.log(JSON.stringify(faces));
