//! `factdesk log`: a claim's history entries merged in time with the commits
//! that touched its file, and what one editor did across the desk.
