//! The notification worker and its endpoints, driven step by step.
