// The key ring in a directory (`[keys] directory = "/etc/restjwt/keys"`): one file per key —
// <kid>.pem (a private key, PKCS#8 PEM) or <kid>.secret (an HMAC secret), either possibly sealed
// with the KEK — beside <kid>.pub.pem for asymmetric keys, and manifest.json with every key's
// state and times:
//
//   {"keys":[{"kid":"…","algorithm":"RS256","state":"active","created_at":1700000000,
//             "activated_at":1700000000,"retired_at":0}]}
//
// Writers take an exclusive flock() on <dir>/.lock and replace the manifest by rename, so readers
// never see half of one and the processes of one host (or of hosts sharing the directory over a
// file system with working locks) never lose each other's changes. Key files are written 0600
// before the manifest names them.
#pragma once

#include <memory>
#include <string>

#include "restjwt/key_ring.hpp"
#include "restjwt/user_store.hpp"

namespace restjwt {

// The directory must exist; an empty one (no manifest yet) is an empty ring.
StoreResult<std::unique_ptr<KeyStore>> open_directory_key_store(const std::string& directory);

}  // namespace restjwt
