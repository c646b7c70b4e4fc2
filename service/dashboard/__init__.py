"""The organisers' desk: the list of trainings and each training's dashboard of numbers."""
