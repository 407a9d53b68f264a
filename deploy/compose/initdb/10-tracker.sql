-- Rasa's tracker store gets its own database next to the app's (as in the one-machine profile).
CREATE DATABASE baiwen_tracker OWNER baiwen;
