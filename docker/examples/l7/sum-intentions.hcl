Kind = "service-intentions"
Name = "sum"
Sources = [
  {
    Name = "gateway"
    Permissions = [
      {
        Action = "deny"
        HTTP {
          PathPrefix = "/v1/sum/40"
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
    Name = "hello"
    Permissions = [
      {
        Action = "deny"
        HTTP {
          PathExact = "/weft.demo.sum.v1.SumService/Add"
        }
      },
    ]
  },
]
