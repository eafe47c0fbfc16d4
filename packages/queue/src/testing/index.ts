// For tests of code built on @mtcnn/queue: a real redis-server of the test's own.
export { redisServerAvailable, SKIP_MESSAGE, startRedisServer, type TestRedis } from './redis-server.js';
