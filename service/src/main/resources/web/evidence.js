/*
 * Checks the evidence log in the browser, with the page's own SHA-256 and Ed25519 (SubtleCrypto),
 * against the proofs the server serves: a leaf's RFC 9162 inclusion proof (§2.1.3.2) against the
 * latest checkpoint's root, the consistency proof (§2.1.4.2) from the last checkpoint this browser
 * verified to the latest one, and the checkpoint's signature (C2SP signed note) under the verifier
 * key the server names. An auditor pins that key out of band instead (lightvibes evidence verify
 * --trusted-key); this is the operator's quick look, not the audit.
 */
"use strict";
window.LightvibesEvidence = (() => {
  const subtle = window.crypto.subtle;
  const encoder = new TextEncoder();

  const bytes = (base64) => Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const concat = (...parts) => {
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) { out.set(p, at); at += p.length; }
    return out;
  };
  const sha256 = async (data) => new Uint8Array(await subtle.digest("SHA-256", data));
  const leafHash = (leaf) => sha256(concat(Uint8Array.of(0), leaf));
  const nodeHash = (left, right) => sha256(concat(Uint8Array.of(1), left, right));
  const equal = (a, b) => a.length === b.length && a.every((v, i) => v === b[i]);
  const odd = (n) => n % 2 === 1;
  const half = (n) => Math.floor(n / 2);
  const powerOfTwo = (n) => { while (n > 1 && n % 2 === 0) n /= 2; return n === 1; };

  /** RFC 9162 §2.1.3.2: does `proof` take leaf `index` of a tree of `size` to `root`? */
  async function verifyInclusion(index, size, leaf, proof, root) {
    if (index >= size) return false;
    let fn = index, sn = size - 1, r = await leafHash(leaf);
    for (const p of proof) {
      if (sn === 0) return false;
      if (odd(fn) || fn === sn) {
        r = await nodeHash(p, r);
        if (!odd(fn)) { while (!odd(fn) && fn !== 0) { fn = half(fn); sn = half(sn); } }
      } else {
        r = await nodeHash(r, p);
      }
      fn = half(fn); sn = half(sn);
    }
    return sn === 0 && equal(r, root);
  }

  /** RFC 9162 §2.1.4.2: is the tree of `second` (root `secondRoot`) an extension of `first`? */
  async function verifyConsistency(first, second, firstRoot, secondRoot, proof) {
    if (first === second) return proof.length === 0 && equal(firstRoot, secondRoot);
    if (first === 0 || first > second || proof.length === 0) return false;
    const path = powerOfTwo(first) ? [firstRoot, ...proof] : proof;
    let fn = first - 1, sn = second - 1;
    while (odd(fn)) { fn = half(fn); sn = half(sn); }
    let fr = path[0], sr = path[0];
    for (const c of path.slice(1)) {
      if (sn === 0) return false;
      if (odd(fn) || fn === sn) {
        fr = await nodeHash(c, fr); sr = await nodeHash(c, sr);
        if (!odd(fn)) { while (!odd(fn) && fn !== 0) { fn = half(fn); sn = half(sn); } }
      } else {
        sr = await nodeHash(sr, c);
      }
      fn = half(fn); sn = half(sn);
    }
    return sn === 0 && equal(fr, firstRoot) && equal(sr, secondRoot);
  }

  /** A C2SP signed note holding a checkpoint: {origin, size, root, body, signatures[{name, bytes}]}. */
  function parseCheckpoint(note) {
    const split = note.indexOf("\n\n");
    if (split < 0) throw new Error("the checkpoint is not a signed note (no blank line)");
    const body = note.slice(0, split + 1);
    const lines = body.split("\n");
    if (lines.length < 4 || !/^[1-9][0-9]*$|^0$/.test(lines[1])) throw new Error("the checkpoint body is malformed");
    const signatures = note.slice(split + 2).split("\n").filter((l) => l.length > 0).map((line) => {
      const m = /^\u2014 (\S+) (\S+)$/.exec(line);
      if (!m) throw new Error("a signature line is malformed");
      return { name: m[1], bytes: bytes(m[2]) };
    });
    return { origin: lines[0], size: Number(lines[1]), root: bytes(lines[2]), body, signatures };
  }

  /** True when a signature of `checkpoint` verifies under `verifierKey` (name+keyid+base64(0x01||key)). */
  async function verifySignature(checkpoint, verifierKey) {
    // name+keyid+base64: the base64 may itself hold '+', so split at the first two only.
    const m = /^([^+\s]+)\+([0-9a-f]{8})\+([A-Za-z0-9+/]+=*)$/.exec(verifierKey.trim());
    if (!m) throw new Error("the verifier key is not name+keyid+base64");
    const [, name, keyIdHex, keyBase64] = m;
    const key = bytes(keyBase64);
    if (key.length !== 33 || key[0] !== 1) throw new Error("the verifier key is not an Ed25519 note key");
    // Key ID: the first 4 bytes of SHA-256(name || 0x0A || 0x01 || public key), as the key text says.
    const wanted = (await sha256(concat(encoder.encode(name + "\n"), key))).slice(0, 4);
    const hex = Array.from(wanted, (b) => b.toString(16).padStart(2, "0")).join("");
    if (hex !== keyIdHex) throw new Error("the verifier key's id does not match its name and key");
    const publicKey = await subtle.importKey("raw", key.slice(1), { name: "Ed25519" }, false, ["verify"]);
    for (const signature of checkpoint.signatures) {
      if (signature.name !== name || !equal(signature.bytes.slice(0, 4), wanted)) continue;
      return subtle.verify({ name: "Ed25519" }, publicKey, signature.bytes.slice(4), encoder.encode(checkpoint.body));
    }
    return false;
  }

  return { bytes, verifyInclusion, verifyConsistency, parseCheckpoint, verifySignature };
})();
