#include "adapters/text/mecab_tokenizer.h"

#include <mecab.h>

#include <exception>

namespace tsunagu::adapters::text {
namespace {

// Idle taggers kept for reuse. More threads than this still work; the extra ones create and
// destroy their own, which costs a few microseconds.
constexpr std::size_t kIdleSlotsMax = 16;

}  // namespace

core::Result<std::unique_ptr<MecabTokenizer>> MecabTokenizer::Open(const std::string& dicdir) {
  // "-r /dev/null": no mecabrc, so nothing but -d chooses the dictionary.
  std::string program = "mecab", rc_flag = "-r", rc = "/dev/null", dic_flag = "-d", dic = dicdir;
  char* argv[] = {program.data(), rc_flag.data(), rc.data(), dic_flag.data(), dic.data()};
  mecab_model_t* model = nullptr;
  try {
    model = mecab_model_new(5, argv);
  } catch (const std::exception& e) {
    return core::Fail(core::ErrorCode::kUnavailable, std::string("MeCab: ") + e.what());
  }
  if (model == nullptr) {
    const char* error = mecab_strerror(nullptr);
    return core::Fail(core::ErrorCode::kUnavailable,
                      "MeCab cannot load the dictionary in " + dicdir + ": " +
                          (error != nullptr ? error : "unknown error"));
  }
  return std::unique_ptr<MecabTokenizer>(new MecabTokenizer(model));
}

MecabTokenizer::~MecabTokenizer() {
  for (Slot slot : idle_) Destroy(slot);
  mecab_model_destroy(model_);
}

void MecabTokenizer::Destroy(Slot slot) {
  if (slot.lattice != nullptr) mecab_lattice_destroy(slot.lattice);
  if (slot.tagger != nullptr) mecab_destroy(slot.tagger);
}

core::Result<MecabTokenizer::Slot> MecabTokenizer::Acquire() const {
  {
    std::lock_guard lock(mutex_);
    if (!idle_.empty()) {
      Slot slot = idle_.back();
      idle_.pop_back();
      return slot;
    }
  }
  Slot slot;
  slot.tagger = mecab_model_new_tagger(model_);
  slot.lattice = mecab_model_new_lattice(model_);
  if (slot.tagger == nullptr || slot.lattice == nullptr) {
    Destroy(slot);
    return core::Fail(core::ErrorCode::kInternal, "MeCab: cannot create a tagger");
  }
  return slot;
}

void MecabTokenizer::Release(Slot slot) const {
  {
    std::lock_guard lock(mutex_);
    if (idle_.size() < kIdleSlotsMax) {
      idle_.push_back(slot);
      return;
    }
  }
  Destroy(slot);
}

core::Status MecabTokenizer::Tokenize(std::string_view text,
                                      const std::function<void(const Morpheme&)>& visit) const {
  auto slot = Acquire();
  if (!slot) return std::unexpected(slot.error());
  core::Status status = core::Ok();
  try {
    mecab_lattice_set_sentence2(slot->lattice, text.data(), text.size());
    if (mecab_parse_lattice(slot->tagger, slot->lattice) == 0) {
      const char* error = mecab_lattice_strerror(slot->lattice);
      status = core::Fail(core::ErrorCode::kInternal,
                          std::string("MeCab: ") + (error != nullptr ? error : "parse failed"));
    } else {
      for (const mecab_node_t* node = mecab_lattice_get_bos_node(slot->lattice); node != nullptr;
           node = node->next) {
        if (node->stat == MECAB_BOS_NODE || node->stat == MECAB_EOS_NODE) continue;
        if (node->length == 0) continue;
        // MeCab points into the text it was given; anything else would be a MeCab bug.
        if (node->surface < text.data() ||
            static_cast<std::size_t>(node->surface - text.data()) + node->length > text.size()) {
          status = core::Fail(core::ErrorCode::kInternal, "MeCab: a morpheme outside the text");
          break;
        }
        Morpheme morpheme;
        morpheme.offset = static_cast<std::uint32_t>(node->surface - text.data());
        morpheme.length = node->length;
        morpheme.space_before = node->rlength > node->length;
        morpheme.feature = node->feature != nullptr ? node->feature : "";
        visit(morpheme);
      }
    }
    mecab_lattice_clear(slot->lattice);
  } catch (const std::exception& e) {
    status = core::Fail(core::ErrorCode::kInternal, std::string("MeCab: ") + e.what());
  }
  Release(*slot);
  return status;
}

}  // namespace tsunagu::adapters::text
