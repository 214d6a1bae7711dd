Kind = "service-intentions"
Name = "sum"
Sources = [
  {
    Name = "gateway"
    Permissions = [
      {
        Action = "deny"
        HTTP {
          PathPrefix = "/v1/sum/0/"
          Methods    = ["GET"]
        }
      },
      {
        Action = "allow"
        HTTP {
          PathPrefix = "/"
        }
      },
    ]
  },
  {
    Name   = "hello"
    Action = "allow"
  },
]
