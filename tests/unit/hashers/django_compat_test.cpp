// Django is the golden source: hashes made by Django 3.2 (Debian's python3-django, run by the
// test through django_hashers.py) verify in restjwt, hashes made by restjwt verify in Django, and
// both agree on every match and upgrade decision.
#include <stdlib.h>  // mkstemp
#include <unistd.h>  // write, close, unlink

#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <stdio.h>  // popen, pclose

#include "restjwt/password_hasher.hpp"

namespace restjwt {
namespace {

const std::vector<std::string> kAllHashers = {
    "pbkdf2_sha256", "pbkdf2_sha1", "argon2", "bcrypt_sha256", "bcrypt",
    "scrypt",        "md5",         "sha1",   "unsalted_md5",  "unsalted_sha1"};
const std::vector<std::string> kMakers = {"pbkdf2_sha256", "pbkdf2_sha1", "argon2",
                                          "bcrypt_sha256", "bcrypt",      "scrypt"};
const std::vector<std::string> kPasswords = {
    "", "secret", "lètmein 🔑 pässwörd", "with $ and \\ and \" and spaces ",
    std::string(100, 'x')};  // over bcrypt's 72 bytes and over one SHA block

PasswordHasherOptions small_options() {
  PasswordHasherOptions o;
  o.pbkdf2_iterations = 1000;
  o.argon2_time_cost = 1, o.argon2_memory_cost_kib = 64, o.argon2_parallelism = 2;
  o.bcrypt_rounds = 4;
  o.scrypt_work_factor = 1024;
  return o;
}

nlohmann::json options_json(const PasswordHasherOptions& o) {
  return {{"pbkdf2_iterations", o.pbkdf2_iterations},
          {"argon2", {o.argon2_time_cost, o.argon2_memory_cost_kib, o.argon2_parallelism}},
          {"bcrypt_rounds", o.bcrypt_rounds},
          {"scrypt", {o.scrypt_work_factor, o.scrypt_block_size, o.scrypt_parallelism}}};
}

// Runs django_hashers.py with Debian's interpreter (the python3 on PATH may lack Django).
nlohmann::json run_django(const nlohmann::json& request) {
  char path[] = "/tmp/restjwt-django-XXXXXX";
  const int fd = mkstemp(path);
  if (fd < 0) return nullptr;
  const std::string text = request.dump();
  const bool written = write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  close(fd);
  std::string output;
  if (written) {
    const std::string command = "/usr/bin/python3 " RESTJWT_SOURCE_DIR
                                "/tests/unit/hashers/django_hashers.py < " +
                                std::string(path);
    if (FILE* pipe = popen(command.c_str(), "r")) {
      char buffer[4096];
      for (std::size_t n; (n = fread(buffer, 1, sizeof buffer, pipe)) > 0;)
        output.append(buffer, n);
      if (pclose(pipe) != 0) output.clear();
    }
  }
  unlink(path);
  return nlohmann::json::parse(output, nullptr, /*allow_exceptions=*/false)["results"];
}

std::vector<std::string> preferred_first(const std::string& first) {
  std::vector<std::string> names = {first};
  for (const auto& name : kAllHashers) {
    if (name != first) names.push_back(name);
  }
  return names;
}

PasswordHashers hashers_for(const std::vector<std::string>& names,
                            const PasswordHasherOptions& options) {
  auto hashers = PasswordHashers::from_names(names, options);
  EXPECT_TRUE(hashers.has_value()) << (hashers ? "" : hashers.error());
  return std::move(hashers).value();
}

TEST(DjangoCompat, VerifiesHashesFromEveryDjangoHasher) {
  nlohmann::json job = {{"hashers", kAllHashers}, {"make", nlohmann::json::array()}};
  for (const auto& name : kAllHashers) {
    for (const auto& password : kPasswords)
      job["make"].push_back({{"password", password}, {"hasher", name}});
  }
  const auto results = run_django({{"options", options_json(small_options())}, {"jobs", {job}}});
  ASSERT_TRUE(results.is_array()) << "django_hashers.py failed";
  const auto hashers = hashers_for(kAllHashers, small_options());
  std::size_t i = 0;
  for (const auto& name : kAllHashers) {
    for (const auto& password : kPasswords) {
      const std::string encoded = results[0]["made"][i++];
      SCOPED_TRACE(encoded);
      const PasswordCheck right = hashers.check_password(password, encoded);
      EXPECT_TRUE(right.matches);
      EXPECT_EQ(right.upgraded.has_value(), name != "pbkdf2_sha256");
      // Wrong in the first byte: plain bcrypt ignores bytes past 72, in Django too.
      EXPECT_FALSE(hashers.check_password("!" + password, encoded).matches);
    }
  }
}

TEST(DjangoCompat, DjangoAcceptsHashesMadeByRestjwt) {
  nlohmann::json jobs = nlohmann::json::array();
  for (const auto& name : kMakers) {
    const auto hashers = hashers_for(preferred_first(name), small_options());
    nlohmann::json job = {{"hashers", preferred_first(name)}, {"check", nlohmann::json::array()}};
    for (const auto& password : kPasswords) {
      const std::string encoded = hashers.make_password(password);
      EXPECT_TRUE(encoded.starts_with(name + "$")) << encoded;
      job["check"].push_back({{"password", password}, {"encoded", encoded}});
      job["check"].push_back({{"password", "!" + password}, {"encoded", encoded}});
    }
    jobs.push_back(job);
  }
  const auto results = run_django({{"options", options_json(small_options())}, {"jobs", jobs}});
  ASSERT_TRUE(results.is_array()) << "django_hashers.py failed";
  for (std::size_t j = 0; j < jobs.size(); ++j) {
    const auto& checks = jobs[j]["check"];
    for (std::size_t k = 0; k < checks.size(); ++k) {
      SCOPED_TRACE(checks[k].dump());
      EXPECT_EQ(results[j]["checked"][k]["matches"], k % 2 == 0);
      EXPECT_EQ(results[j]["checked"][k]["upgraded"], false);
      EXPECT_FALSE(results[j]["checked"][k].contains("error"));
    }
  }
}

// Encodings of every kind, right and wrong passwords, each preferred hasher: restjwt's
// (matches, upgraded) must be Django's. Where Django raises (malformed encodings), no match.
// One deliberate difference: an encoding of the preferred algorithm with a work factor above the
// configured one is kept, where Django would rewrite it with the lower one.
TEST(DjangoCompat, AgreesWithDjangoOnMatchAndUpgrade) {
  PasswordHasherOptions other = small_options();
  other.pbkdf2_iterations = 999, other.argon2_time_cost = 2, other.bcrypt_rounds = 5;
  other.scrypt_work_factor = 2048, other.scrypt_block_size = 4;
  std::vector<std::string> encodings;
  std::set<std::string> stronger;  // argon2 t=2, bcrypt 5 rounds, scrypt N=2048 (r=4 is lower)
  for (const bool made_by_other : {false, true}) {
    for (const auto& name : kMakers) {
      encodings.push_back(
          hashers_for({name}, made_by_other ? other : small_options()).make_password("pw"));
      if (made_by_other && !name.starts_with("pbkdf2")) stronger.insert(encodings.back());
    }
  }
  const auto all = hashers_for(kAllHashers, small_options());
  for (const std::string salt : {"short", "abcdefghijklmnopqrstu", "abcdefghijklmnopqrstuv"}) {
    for (const std::string name : {"pbkdf2_sha256", "argon2", "scrypt", "md5", "sha1"}) {
      encodings.push_back(all.identify(name + "$")->encode("pw", salt));
    }
  }
  encodings.insert(
      encodings.end(),
      {"argon2$argon2i$m=8,t=1,p=1$c29tZXNhbHQ$gwQOXSNhxiOxPOA0+PY10P9QFO4NAYysnqRt1GSQLE55m+2GYD"
       "t9FEjPMHhP2Cuf0nOEXXMocVrsJAtNSsKyfg",  // Django 1.10 (no v=), password "secret"
       "argon2$argon2i$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$YC9+jJCrQhs5R6db7LlN8Q",  // "secret"
       all.identify("unsalted_md5$")->encode("pw", ""),
       std::string("md5$$") + all.identify("unsalted_md5$")->encode("pw", ""),
       all.identify("unsalted_sha1$")->encode("pw", ""),
       "",
       "!",
       std::string(41, '!'),
       "plaintext",
       "nohasher$abc",
       "crypt$$abN/qM.L/H8EQ",
       "pbkdf2_sha256$x$salt$AAAA",
       "pbkdf2_sha256$01000$salt$AAAA",
       "pbkdf2_sha256$1000$salt",
       "pbkdf2_sha256$1000$$AAAA",
       "argon2$argon2id$v=19$m=64,t=1,p=2$garbage",
       "argon2$argon2id$v=19$t=1,m=64,p=2$c2FsdHNhbHQ$YC9+jJCrQhs5R6db7LlN8Q",
       "bcrypt_sha256$$2b$04$short",
       "bcrypt$$2b$04$",
       "scrypt$1024$salt$8$1$",
       "scrypt$1000$s$8$1$A"});
  nlohmann::json jobs = nlohmann::json::array();
  for (const auto& name : kMakers) {
    nlohmann::json job = {{"hashers", preferred_first(name)}, {"check", nlohmann::json::array()}};
    for (const auto& encoded : encodings) {
      for (const std::string password : {"pw", "secret", "wrong"}) {
        job["check"].push_back({{"password", password}, {"encoded", encoded}});
      }
    }
    jobs.push_back(job);
  }
  const auto results = run_django({{"options", options_json(small_options())}, {"jobs", jobs}});
  ASSERT_TRUE(results.is_array()) << "django_hashers.py failed";
  int django_errors = 0;
  int kept_stronger = 0;
  for (std::size_t j = 0; j < jobs.size(); ++j) {
    const auto hashers =
        hashers_for(jobs[j]["hashers"].get<std::vector<std::string>>(), small_options());
    for (std::size_t k = 0; k < jobs[j]["check"].size(); ++k) {
      const auto& item = jobs[j]["check"][k];
      const auto& django = results[j]["checked"][k];
      SCOPED_TRACE(jobs[j]["hashers"][0].dump() + " " + item.dump() + " -> " + django.dump());
      const PasswordCheck ours = hashers.check_password(item["password"].get<std::string>(),
                                                        item["encoded"].get<std::string>());
      django_errors += django.contains("error") ? 1 : 0;
      EXPECT_EQ(ours.matches, django["matches"]);
      const std::string& encoded = item["encoded"].get_ref<const std::string&>();
      const bool kept =
          stronger.contains(encoded) && hashers.identify(encoded) == &hashers.preferred();
      if (kept && ours.matches) {
        EXPECT_EQ(django["upgraded"], true);  // Django would lower it
        EXPECT_FALSE(ours.upgraded.has_value());
        ++kept_stronger;
      } else {
        EXPECT_EQ(ours.upgraded.has_value(), django["upgraded"]);
      }
    }
  }
  EXPECT_GT(django_errors, 0);  // the corpus does reach Django's failure paths
  EXPECT_EQ(kept_stronger, 4);  // argon2, bcrypt_sha256, bcrypt, scrypt
}

// One round trip per kind of hasher at Django's real default work factors (a few seconds in
// all; pbkdf2_sha1 and plain bcrypt share their work factor with pbkdf2_sha256 and bcrypt_sha256).
TEST(DjangoCompat, RoundTripsAtDjangoDefaults) {
  const PasswordHasherOptions defaults;
  const std::vector<std::string> makers = {"pbkdf2_sha256", "argon2", "bcrypt_sha256", "scrypt"};
  nlohmann::json jobs = nlohmann::json::array();
  for (const auto& name : makers) {
    const std::string encoded = hashers_for(preferred_first(name), defaults).make_password("pw");
    jobs.push_back({{"hashers", preferred_first(name)},
                    {"make", {{{"password", "pw"}, {"hasher", name}}}},
                    {"check", {{{"password", "pw"}, {"encoded", encoded}}}}});
  }
  const auto results = run_django({{"options", options_json(defaults)}, {"jobs", jobs}});
  ASSERT_TRUE(results.is_array()) << "django_hashers.py failed";
  for (std::size_t j = 0; j < jobs.size(); ++j) {
    SCOPED_TRACE(makers[j]);
    EXPECT_EQ(results[j]["checked"][0]["matches"], true);
    EXPECT_EQ(results[j]["checked"][0]["upgraded"], false);
    const PasswordCheck check = hashers_for(preferred_first(makers[j]), defaults)
                                    .check_password("pw", results[j]["made"][0].get<std::string>());
    EXPECT_TRUE(check.matches);
    EXPECT_FALSE(check.upgraded.has_value());
  }
}

}  // namespace
}  // namespace restjwt
