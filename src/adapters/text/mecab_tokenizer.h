// Morphological analysis with MeCab's C API (so that the clang + libc++ fuzz build can link it).
// One model per tokenizer (load it once per process: see MecabIcuTextAnalysis::Open), shared by
// all threads; each call borrows a tagger and lattice from a small pool.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

struct mecab_model_t;
struct mecab_t;
struct mecab_lattice_t;

namespace tsunagu::adapters::text {

// Debian's mecab-ipadic-utf8. Always passed explicitly: mecabrc's default may be another
// dictionary (mecab-naist-jdic reads 死にたい as one noun), see docs/risk.md.
inline constexpr std::string_view kIpadicUtf8DicDir = "/var/lib/mecab/dic/ipadic-utf8";

class MecabTokenizer {
 public:
  struct Morpheme {
    std::uint32_t offset = 0;  // bytes into the text
    std::uint32_t length = 0;
    bool space_before = false;  // MeCab skipped white space before it
    std::string_view
        feature;  // ipadic CSV: 品詞,細分類1,細分類2,細分類3,活用型,活用形,原形,読み,発音
  };

  // Loads the dictionary in dicdir (ignoring any mecabrc). kUnavailable if it cannot be loaded.
  static core::Result<std::unique_ptr<MecabTokenizer>> Open(const std::string& dicdir);
  ~MecabTokenizer();
  MecabTokenizer(const MecabTokenizer&) = delete;
  MecabTokenizer& operator=(const MecabTokenizer&) = delete;

  // Calls visit for each morpheme of text, in order. Thread-safe. text must not contain NUL.
  core::Status Tokenize(std::string_view text,
                        const std::function<void(const Morpheme&)>& visit) const;

 private:
  struct Slot {
    mecab_t* tagger = nullptr;
    mecab_lattice_t* lattice = nullptr;
  };
  explicit MecabTokenizer(mecab_model_t* model) : model_(model) {}
  core::Result<Slot> Acquire() const;
  void Release(Slot slot) const;
  static void Destroy(Slot slot);

  mecab_model_t* model_;
  mutable std::mutex mutex_;
  mutable std::vector<Slot> idle_;  // GUARDED_BY(mutex_)
};

}  // namespace tsunagu::adapters::text
