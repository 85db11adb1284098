#pragma once
// A Store that hands every call to a real one and fails on demand as a full disk does: the
// writes, or only the COMMIT of a begin()/commit() transaction. SQLite's PRAGMA max_page_count
// cannot make a COMMIT fail in WAL mode (pages are counted when a statement allocates them), and
// the pragma is per connection, out of a test's reach behind the manager; this wrapper can.
// The manager owns the store, so the test keeps the switches through a shared Faults.
#include <memory>
#include <stdexcept>
#include <string>

#include "saf/store/store.h"

namespace zgate::saf::testing {

struct Faults {
  bool commit = false;  // commit() rolls back and throws, as SQLite does on SQLITE_FULL
  bool writes = false;  // every put_/delete_/bump_/record_ throws before it reaches the database
};

class FailingStore final : public store::Store {
 public:
  FailingStore(std::unique_ptr<store::Store> inner, std::shared_ptr<Faults> faults)
      : inner_(std::move(inner)), faults_(std::move(faults)) {}

  Database load() override { return inner_->load(); }
  void put_user(const User& u) override { write("put_user"); inner_->put_user(u); }
  void delete_user(const std::string& id) override { write("delete_user"); inner_->delete_user(id); }
  void put_group(const Group& g) override { write("put_group"); inner_->put_group(g); }
  void delete_group(const std::string& id) override { write("delete_group"); inner_->delete_group(id); }
  void put_profile(const Profile& p) override { write("put_profile"); inner_->put_profile(p); }
  void delete_profile(const std::string& cls, const std::string& name) override {
    write("delete_profile"); inner_->delete_profile(cls, name);
  }
  void put_options(const Options& o) override { write("put_options"); inner_->put_options(o); }
  void put_cert_map(const CertMap& m) override { write("put_cert_map"); inner_->put_cert_map(m); }
  void delete_cert_map(const std::string& user, const std::string& label) override {
    write("delete_cert_map"); inner_->delete_cert_map(user, label);
  }
  std::optional<std::string> setting(const std::string& key) override { return inner_->setting(key); }
  void put_setting(const std::string& key, const std::string& value) override {
    write("put_setting"); inner_->put_setting(key, value);
  }
  void begin() override { inner_->begin(); }
  void commit() override {
    if (faults_->commit) {
      inner_->rollback();
      throw std::runtime_error("zgate: security database: database or disk is full (in: COMMIT)");
    }
    inner_->commit();
  }
  void rollback() override { inner_->rollback(); }
  std::uint64_t data_version() override { return inner_->data_version(); }
  std::map<std::string, std::int64_t> raclist_refreshes() override { return inner_->raclist_refreshes(); }
  std::int64_t bump_raclist_refresh(const std::string& cls) override {
    write("bump_raclist_refresh");
    return inner_->bump_raclist_refresh(cls);
  }
  std::map<std::string, store::RaclistImage> raclist_images() override { return inner_->raclist_images(); }
  std::int64_t put_raclist_image(const std::string& cls, const store::ProfileSet& profiles) override {
    write("put_raclist_image");
    return inner_->put_raclist_image(cls, profiles);
  }
  void delete_raclist_image(const std::string& cls) override {
    write("delete_raclist_image");
    inner_->delete_raclist_image(cls);
  }
  bool record_passticket(std::string_view digest, std::int64_t expires, std::int64_t now) override {
    write("record_passticket");
    return inner_->record_passticket(digest, expires, now);
  }

 private:
  void write(const char* what) const {
    if (faults_->writes)
      throw std::runtime_error(std::string("zgate: security database: database or disk is full (in: ") + what + ")");
  }

  std::unique_ptr<store::Store> inner_;
  std::shared_ptr<Faults> faults_;
};

}  // namespace zgate::saf::testing
