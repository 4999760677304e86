#pragma once
// The clock of the tests' crmd: it reads a chosen time at a chosen real instant and runs on in
// real time from there. A test so picks the time of day its sends are decided at (quiet hours
// are 8:00-21:00 where the recipient lives) without any setting in the production binary, and
// a crmd restarted with the same two instants goes on where the last one was instead of going
// back in time.

#include "domain/clock.hpp"

namespace crm::testing {

class test_clock final : public domain::clock {
public:
  /// Reads `reads` at the real instant `real_at`.
  test_clock(domain::instant reads, domain::instant real_at) : shift_(reads - real_at) {}
  domain::instant now() const override { return real_.now() + shift_; }

private:
  domain::system_clock real_;
  domain::instant::duration shift_;
};

}  // namespace crm::testing
