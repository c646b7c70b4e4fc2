"""A training's own questions (asked at registration or in the follow-up form after acceptance)
and the people's answers: what a question is and how an answer is checked (``definitions``,
pure), the tables, setting a training's questions and storing answers (``operations``), the
default follow-up set for on-site activities (``defaults``), and their words and form fields."""
