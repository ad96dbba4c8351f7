"""The pages a person opens in a browser: PayLink and mandate landing pages (`landing`)."""
