/**
 * Gate photos by SHA-256: the chain holds the digests, IPFS the bytes, this registry the CID (and file name and media
 * type) that finds them. One per gateway, kept in `equipment/photos.jsonl` under DATA_DIR and read at start.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";

export interface Photo {
  sha256: string;
  cid: string;
  size: number;
  mediaType: string;
  fileName: string;
}

export class GatePhotos {
  private readonly file: string;
  private readonly photos = new Map<string, Photo>();

  constructor(dataDir: string) {
    this.file = path.join(dataDir, "equipment", "photos.jsonl");
    mkdirSync(path.dirname(this.file), { recursive: true });
    if (!existsSync(this.file)) return;
    for (const line of readFileSync(this.file, "utf8").split("\n")) {
      if (!line.trim()) continue;
      let photo: Photo;
      try {
        photo = JSON.parse(line) as Photo;
      } catch {
        break; // a torn last line: its upload was never answered
      }
      this.photos.set(photo.sha256, photo);
    }
  }

  get(sha256: string): Photo | undefined {
    return this.photos.get(sha256);
  }

  has(sha256: string): boolean {
    return this.photos.has(sha256);
  }

  /** Records a photo once; the same bytes uploaded again keep their first record. */
  add(photo: Photo): Photo {
    const known = this.photos.get(photo.sha256);
    if (known) return known;
    appendFileSync(this.file, JSON.stringify(photo) + "\n");
    this.photos.set(photo.sha256, photo);
    return photo;
  }
}
