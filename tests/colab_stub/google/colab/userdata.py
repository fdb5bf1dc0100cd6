"""``google.colab.userdata``: no secrets are defined in tests."""


class SecretNotFoundError(Exception):
    pass


class NotebookAccessError(Exception):
    pass


def get(key):
    raise SecretNotFoundError(f"Secret {key} does not exist.")
