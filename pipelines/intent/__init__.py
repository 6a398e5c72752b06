"""The intent classifier's stages: validate, train, evaluate, tune."""
