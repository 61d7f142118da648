//! Compiled artifacts on disk, so a restarted node or an evicted module
//! loads its machine code instead of compiling it again.
//!
//! Artifacts live in `<root>/<fingerprint>/<code hash>.cwasm`. The
//! fingerprint covers everything the machine code depends on: the Wasmtime
//! version and engine configuration, the instrumentation, and the
//! [`Limits`](crate::Limits) (the stack budget is compiled in). A node whose
//! fingerprint changed uses a fresh directory and never sees the old files.
//!
//! An artifact file is
//!
//! ```text
//! magic (8) | fingerprint (32) | code hash (32) | code length (8) | module length (8)
//!   | XXH3-128 of everything after it (16) | code | serialized module
//! ```
//!
//! Wasmtime loads a serialized module as machine code without checking it,
//! so a file is trusted only when its magic, fingerprint, code hash, lengths
//! and checksum all match: a truncated, corrupt or foreign file is deleted
//! and the module compiled again, never loaded. The checksum guards against
//! damage, not an adversary (one who can write the node's files can replace
//! its binary): XXH3 (the hash Substrate uses for storage keys) checks an
//! artifact at memory speed, where SHA-256 made a load four times slower
//! than what a call pays for it. The code travels with the
//! module so the store can warm the cache at node start without the chain's
//! state (the code is validated again, cheaply, before use).
//!
//! Writing is best effort: a full disk costs a later compile, not a failure.

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use twox_hash::XxHash3_128;

use crate::host::CodeHash;

/// First bytes of every artifact file (format version 1).
const MAGIC: &[u8; 8] = b"rvmcwsm1";
/// Bytes of the header before the code.
const HEADER_LEN: usize = 8 + 32 + 32 + 8 + 8 + 16;
/// File name extension of artifacts.
const EXTENSION: &str = "cwasm";

/// A directory of compiled artifacts for one engine fingerprint.
pub(crate) struct ArtifactStore {
    dir: PathBuf,
    fingerprint: [u8; 32],
}

/// An artifact read back and checked: the contract's code and its module.
pub(crate) struct Artifact {
    /// The original wasm.
    pub code: Vec<u8>,
    /// Wasmtime's serialized module.
    pub module: Vec<u8>,
}

impl ArtifactStore {
    /// The store for `fingerprint` under `root`, creating its directory.
    pub(crate) fn open(root: &Path, fingerprint: [u8; 32]) -> std::io::Result<Self> {
        let dir = root.join(hex::encode(fingerprint));
        fs::create_dir_all(&dir)?;
        Ok(Self { dir, fingerprint })
    }

    /// The directory holding this fingerprint's artifacts.
    pub(crate) fn dir(&self) -> &Path {
        &self.dir
    }

    fn path(&self, hash: &CodeHash) -> PathBuf {
        self.dir.join(format!("{}.{EXTENSION}", hex::encode(hash)))
    }

    /// The artifact of `hash`, if a valid one is stored. An invalid file is
    /// deleted.
    pub(crate) fn load(&self, hash: &CodeHash) -> Option<Artifact> {
        let path = self.path(hash);
        let bytes = fs::read(&path).ok()?;
        let artifact = self.decode(hash, &bytes);
        if artifact.is_none() {
            // Truncated, corrupt or foreign: never loaded, compiled again.
            let _ = fs::remove_file(&path);
        }
        artifact
    }

    /// Stores the artifact of `hash` (written to a temporary file, then
    /// renamed, so a reader never sees half a file). Best effort, and not
    /// synced: it runs inside an upload or a call, and a file a crash tore
    /// fails its checksum and is compiled again.
    pub(crate) fn store(&self, hash: &CodeHash, code: &[u8], module: &[u8]) {
        let mut body = Vec::with_capacity(code.len() + module.len());
        body.extend_from_slice(code);
        body.extend_from_slice(module);
        let mut file = Vec::with_capacity(HEADER_LEN + body.len());
        file.extend_from_slice(MAGIC);
        file.extend_from_slice(&self.fingerprint);
        file.extend_from_slice(hash);
        file.extend_from_slice(&(code.len() as u64).to_le_bytes());
        file.extend_from_slice(&(module.len() as u64).to_le_bytes());
        file.extend_from_slice(&XxHash3_128::oneshot(&body).to_le_bytes());
        file.extend_from_slice(&body);
        let path = self.path(hash);
        let temporary = path.with_extension(format!("{EXTENSION}.tmp{}", std::process::id()));
        let written = fs::File::create(&temporary)
            .and_then(|mut f| f.write_all(&file))
            .and_then(|()| fs::rename(&temporary, &path));
        if written.is_err() {
            let _ = fs::remove_file(&temporary);
        }
    }

    /// Deletes the artifact of `hash`, if there is one.
    pub(crate) fn remove(&self, hash: &CodeHash) {
        let _ = fs::remove_file(self.path(hash));
    }

    /// The code hashes of every artifact file present (valid or not).
    pub(crate) fn hashes(&self) -> Vec<CodeHash> {
        let Ok(entries) = fs::read_dir(&self.dir) else {
            return Vec::new();
        };
        entries
            .filter_map(|entry| {
                let path = entry.ok()?.path();
                if path.extension()? != EXTENSION {
                    return None;
                }
                let mut hash = [0u8; 32];
                hex::decode_to_slice(path.file_stem()?.to_str()?, &mut hash).ok()?;
                Some(hash)
            })
            .collect()
    }

    /// Checks a file's header and checksum against `hash`.
    fn decode(&self, hash: &CodeHash, bytes: &[u8]) -> Option<Artifact> {
        let (header, body) = bytes.split_at_checked(HEADER_LEN)?;
        let (magic, rest) = header.split_at(8);
        let (fingerprint, rest) = rest.split_at(32);
        let (file_hash, rest) = rest.split_at(32);
        let (code_len, rest) = rest.split_at(8);
        let (module_len, checksum) = rest.split_at(8);
        let code_len = usize::try_from(u64::from_le_bytes(code_len.try_into().ok()?)).ok()?;
        let module_len = usize::try_from(u64::from_le_bytes(module_len.try_into().ok()?)).ok()?;
        let intact = magic == MAGIC
            && fingerprint == self.fingerprint
            && file_hash == hash
            && code_len.checked_add(module_len) == Some(body.len())
            && XxHash3_128::oneshot(body).to_le_bytes() == checksum;
        intact.then(|| {
            let (code, module) = body.split_at(code_len);
            Artifact {
                code: code.to_vec(),
                module: module.to_vec(),
            }
        })
    }
}
