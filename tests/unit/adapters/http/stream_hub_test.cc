#include "adapters/http/stream_hub.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "app/conversation_actions.h"
#include "app/process_inbound.h"
#include "unit/support/app_env.h"

namespace tsunagu::adapters::http {
namespace {

namespace json = boost::json;

// A connected console that keeps the frames it was sent.
class FakeStreamClient final : public StreamClient {
 public:
  explicit FakeStreamClient(core::Staff staff) : staff_(std::move(staff)) {}

  const core::Staff& staff() const override { return staff_; }

  void Send(std::shared_ptr<const std::string> frame) override {
    std::lock_guard lock(mutex_);
    frames_.push_back(*frame);
  }

  void Close(int code) override {
    std::lock_guard lock(mutex_);
    close_codes_.push_back(code);
  }

  std::vector<int> close_codes() const {
    std::lock_guard lock(mutex_);
    return close_codes_;
  }

  std::vector<json::value> frames() const {
    std::lock_guard lock(mutex_);
    std::vector<json::value> out;
    for (const std::string& f : frames_) out.push_back(json::parse(f));
    return out;
  }

 private:
  core::Staff staff_;
  mutable std::mutex mutex_;
  std::vector<std::string> frames_;
  std::vector<int> close_codes_;
};

core::Staff StaffMember(core::StaffId id, core::Role role, bool active = true) {
  core::Staff s;
  s.id = id;
  s.login = "staff" + std::to_string(id);
  s.display_name = s.login;
  s.role = role;
  s.active = active;
  return s;
}

app::StreamEvent MessageCreated(core::Conversation c) {
  core::Message m;
  m.id = 1;
  m.conversation_id = c.id;
  m.text = "こんにちは";
  app::StreamEvent e;
  e.kind = app::StreamEventKind::kMessageCreated;
  e.conversation = std::move(c);
  e.message = m;
  return e;
}

core::Conversation WaitingConversation() {
  core::Conversation c;
  c.id = 42;
  c.status = core::ConversationStatus::kWaiting;
  return c;
}

class StreamHubTest : public ::testing::Test {
 protected:
  StreamHubTest()
      : a_(std::make_shared<FakeStreamClient>(StaffMember(1, core::Role::kCounselor))),
        b_(std::make_shared<FakeStreamClient>(StaffMember(2, core::Role::kCounselor))),
        s_(std::make_shared<FakeStreamClient>(StaffMember(3, core::Role::kSupervisor))),
        d_(std::make_shared<FakeStreamClient>(StaffMember(4, core::Role::kAdmin))),
        x_(std::make_shared<FakeStreamClient>(
            StaffMember(5, core::Role::kCounselor, /*active=*/false))) {
    for (const auto& c : {a_, b_, s_, d_, x_}) hub_.Add(c);
  }

  StreamHub hub_;
  std::shared_ptr<FakeStreamClient> a_, b_, s_, d_, x_;
};

TEST_F(StreamHubTest, AWaitingConversationGoesToEveryActiveStaffMember) {
  hub_.Publish(MessageCreated(WaitingConversation()));
  EXPECT_EQ(a_->frames().size(), 1u);
  EXPECT_EQ(b_->frames().size(), 1u);
  EXPECT_EQ(s_->frames().size(), 1u);
  EXPECT_EQ(d_->frames().size(), 1u);
  EXPECT_TRUE(x_->frames().empty());

  const json::value frame = a_->frames()[0];
  EXPECT_EQ(frame.at("type").as_string(), "message.created");
  EXPECT_EQ(frame.at("conversation").at("id").as_int64(), 42);
  EXPECT_EQ(frame.at("message").at("text").as_string(), "こんにちは");
}

TEST_F(StreamHubTest, AnAssignedConversationGoesOnlyToItsAssigneeAndSupervision) {
  core::Conversation c = WaitingConversation();
  c.status = core::ConversationStatus::kActive;
  c.assigned_staff_id = 1;
  hub_.Publish(MessageCreated(c));
  EXPECT_EQ(a_->frames().size(), 1u);
  EXPECT_TRUE(b_->frames().empty());
  EXPECT_EQ(s_->frames().size(), 1u);
  EXPECT_EQ(d_->frames().size(), 1u);
  EXPECT_TRUE(x_->frames().empty());
}

TEST_F(StreamHubTest, AChangeAlsoReachesThoseWhoCouldSeeTheConversationBefore) {
  app::StreamEvent e;
  e.kind = app::StreamEventKind::kConversationUpdated;
  e.before = WaitingConversation();
  e.conversation = WaitingConversation();
  e.conversation.status = core::ConversationStatus::kActive;
  e.conversation.assigned_staff_id = 1;
  hub_.Publish(e);
  EXPECT_EQ(a_->frames().size(), 1u);
  ASSERT_EQ(b_->frames().size(), 1u);  // it leaves b's waiting list
  EXPECT_EQ(b_->frames()[0].at("conversation").at("assigned_staff_id").as_int64(), 1);
  EXPECT_FALSE(b_->frames()[0].as_object().contains("message"));
  EXPECT_EQ(s_->frames().size(), 1u);
  EXPECT_TRUE(x_->frames().empty());
}

TEST_F(StreamHubTest, RemovedClientsGetNothing) {
  hub_.Remove(b_.get());
  EXPECT_EQ(hub_.ClientCount(), 4u);
  hub_.Publish(MessageCreated(WaitingConversation()));
  EXPECT_EQ(a_->frames().size(), 1u);
  EXPECT_TRUE(b_->frames().empty());
}

TEST_F(StreamHubTest, AnExpiredClientIsSkippedWithoutHarm) {
  std::weak_ptr<FakeStreamClient> gone = b_;
  b_.reset();
  ASSERT_TRUE(gone.expired());
  hub_.Publish(MessageCreated(WaitingConversation()));
  EXPECT_EQ(a_->frames().size(), 1u);
  EXPECT_EQ(s_->frames().size(), 1u);
}

// A client that goes away without Remove must not stay counted (and kept) forever.
TEST_F(StreamHubTest, PublishDropsExpiredClients) {
  b_.reset();
  d_.reset();
  hub_.Publish(MessageCreated(WaitingConversation()));
  EXPECT_EQ(hub_.ClientCount(), 3u);
}

TEST_F(StreamHubTest, RemoveAlsoDropsExpiredClients) {
  b_.reset();
  hub_.Remove(d_.get());
  EXPECT_EQ(hub_.ClientCount(), 3u);
}

TEST_F(StreamHubTest, NobodyWhoMaySeeItMeansNothingIsSerialised) {
  StreamHub hub;
  auto other = std::make_shared<FakeStreamClient>(StaffMember(9, core::Role::kCounselor));
  hub.Add(other);
  core::Conversation c = WaitingConversation();
  c.status = core::ConversationStatus::kActive;
  c.assigned_staff_id = 1;
  hub.Publish(MessageCreated(c));
  EXPECT_TRUE(other->frames().empty());
}

// api/openapi.yaml (GET /api/v1/stream, "Visibility"): a conversation.updated goes to everyone
// who could see the conversation before *or* after the change, so that a waiting conversation
// taken by someone else leaves everyone's waiting list. Driven through the real use case.
TEST(StreamHubVisibilityTest, ATakenConversationIsAnnouncedToThoseWhoSawItWaiting) {
  testing::TestEnv env;
  env.SetReplies("", "");
  StreamHub hub;
  app::AppContext ctx{env.store, env.clock, env.secrets, hub, env.log, env.ctx.channels, 50'000};
  app::InboundProcessor processor(ctx, nullptr);
  app::ConversationActions actions(ctx, nullptr);
  const core::Staff a = env.StaffById(env.AddStaff("a", core::Role::kCounselor));
  const core::Staff b = env.StaffById(env.AddStaff("b", core::Role::kCounselor));
  auto client_a = std::make_shared<FakeStreamClient>(a);
  auto client_b = std::make_shared<FakeStreamClient>(b);
  hub.Add(client_a);
  hub.Add(client_b);

  ASSERT_TRUE(
      env.InsertEvent(testing::TextEvent("ev-1", "U1", "こんにちは", "", env.clock.NowMs())));
  ASSERT_TRUE(processor.RunOnce());
  auto c = env.OpenConversationOf("U1");
  ASSERT_TRUE(c.has_value());
  // Both saw the new conversation and its message arrive in the queue.
  ASSERT_FALSE(client_b->frames().empty());
  const std::size_t b_before = client_b->frames().size();

  ASSERT_TRUE(actions.Take(a, c->id).has_value());
  auto b_frames = client_b->frames();
  ASSERT_EQ(b_frames.size(), b_before + 1) << "b's waiting list is never told";
  const json::value& last = b_frames.back();
  EXPECT_EQ(last.at("type").as_string(), "conversation.updated");
  EXPECT_EQ(last.at("conversation").at("id").as_int64(), c->id);
  EXPECT_EQ(last.at("conversation").at("assigned_staff_id").as_int64(), a.id);
  EXPECT_FALSE(last.as_object().contains("message"));
}

// Logout ends that staff member's streams only; shutdown ends all of them.
TEST(StreamHubCloseTest, CloseStaffClosesOnlyTheirStreams) {
  StreamHub hub;
  auto a = std::make_shared<FakeStreamClient>(StaffMember(1, core::Role::kCounselor));
  auto a2 = std::make_shared<FakeStreamClient>(StaffMember(1, core::Role::kCounselor));
  auto b = std::make_shared<FakeStreamClient>(StaffMember(2, core::Role::kCounselor));
  hub.Add(a);
  hub.Add(a2);
  hub.Add(b);
  hub.CloseStaff(1, kStreamCloseSessionEnded);
  EXPECT_EQ(a->close_codes(), std::vector<int>{kStreamCloseSessionEnded});
  EXPECT_EQ(a2->close_codes(), std::vector<int>{kStreamCloseSessionEnded});
  EXPECT_TRUE(b->close_codes().empty());
  hub.CloseAll(kStreamCloseGoingAway);
  EXPECT_EQ(b->close_codes(), std::vector<int>{kStreamCloseGoingAway});
}

}  // namespace
}  // namespace tsunagu::adapters::http
