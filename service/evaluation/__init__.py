"""The attendees' evaluation of a training (Kirkpatrick level 1): the questionnaire, the personal
survey links sent on closing, answers kept apart from identities, and their results."""
