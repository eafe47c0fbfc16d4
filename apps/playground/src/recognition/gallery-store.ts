// The gallery in IndexedDB: one record under one key, replaced on every change. IndexedDB rather than
// localStorage because it is asynchronous and holds more than a few megabytes of embeddings.
import type { GalleryRecord } from './gallery-record.js';

const DB_NAME = 'mtcnn-playground';
const DB_VERSION = 1;
const STORE = 'galleries';
const KEY = 'recognise';

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

function open(): Promise<IDBDatabase> {
  const req = indexedDB.open(DB_NAME, DB_VERSION);
  req.onupgradeneeded = () => {
    if (!req.result.objectStoreNames.contains(STORE)) req.result.createObjectStore(STORE);
  };
  return request(req);
}

async function withStore<T>(
  mode: IDBTransactionMode,
  job: (store: IDBObjectStore) => IDBRequest<T>,
): Promise<T> {
  const db = await open();
  try {
    const tx = db.transaction(STORE, mode);
    const result = await request(job(tx.objectStore(STORE)));
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
      tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
    });
    return result;
  } finally {
    db.close();
  }
}

export async function loadGalleryRecord(): Promise<GalleryRecord | undefined> {
  const value = await withStore('readonly', (store) => store.get(KEY));
  return (value as GalleryRecord | undefined) ?? undefined;
}

export async function saveGalleryRecord(record: GalleryRecord): Promise<void> {
  await withStore('readwrite', (store) => store.put(record, KEY));
}

export async function clearGalleryRecord(): Promise<void> {
  await withStore('readwrite', (store) => store.delete(KEY));
}

/** Where the page keeps the gallery (database, store and key), for the end-to-end test to seed it. */
export const GALLERY_LOCATION = { database: DB_NAME, version: DB_VERSION, store: STORE, key: KEY } as const;
