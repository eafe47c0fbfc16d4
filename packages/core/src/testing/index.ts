// Test helpers shared by every backend's conformance and parity tests. Not needed at run time.
export { type FaceMatch, type FaceMatching, matchFaces, type ReferenceFace } from './match-faces.js';
