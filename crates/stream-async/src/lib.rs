//! stream-async (under construction).
