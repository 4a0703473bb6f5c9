# This environment's state. tools/terraform_emulator.py applies a scratch copy of terraform/ and
# always with local state, so the file goes away with the copy and the emulator.
path = "../environments/emulator/terraform.tfstate"
