//! stream-blocking (under construction).
